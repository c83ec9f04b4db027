import { describe, expect, it } from 'vitest';
import { allowedNext, answerProblems, boardColumn } from './proposal-status.js';

describe('answering a proposal', () => {
  it('rejects a refusal without a reason', () => {
    expect(answerProblems('under_study', 'refused', '  ')).toEqual({
      body: 'community.answer.reasonRequired',
    });
    expect(answerProblems('under_study', 'refused', 'Le terrain appartient à la ville.')).toEqual({});
  });

  it('follows the path received → under study → accepted → in progress → done', () => {
    expect(answerProblems('received', 'under_study', 'Nous étudions.')).toEqual({});
    expect(answerProblems('under_study', 'accepted', 'Oui.')).toEqual({});
    expect(answerProblems('accepted', 'in_progress', 'Travaux en mars.')).toEqual({});
    expect(answerProblems('in_progress', 'done', 'Fait.')).toEqual({});
  });

  it('refuses moves that skip back or reopen a finished proposal', () => {
    expect(answerProblems('done', 'accepted', 'x').status).toBe('community.answer.badTransition');
    expect(answerProblems('received', 'done', 'x').status).toBe('community.answer.badTransition');
    expect(allowedNext('done')).toEqual([]);
    expect(allowedNext('refused')).toEqual(['under_study']);
  });

  it('places each status in a column of the “you said, we did” board', () => {
    expect(boardColumn('received')).toBe('said');
    expect(boardColumn('in_progress')).toBe('doing');
    expect(boardColumn('done')).toBe('done');
  });
});
