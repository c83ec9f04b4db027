// Strings of the community activities that hold a room (see commands/activity-holds.ts).
export const frActivity = {
  'spaces.cell.activity': 'Activité : {title}',
  'spaces.cell.taken': 'Occupé',
  'spaces.board.holdHint': 'Activité de la vie collective : la salle est prise, ce n’est pas une réservation d’un foyer.',
  'spaces.board.holdStatus': 'Activité collective',
  'spaces.error.activityHeld': 'Une activité de la vie collective occupe déjà cette salle sur ce créneau. Choisissez un autre créneau.',
};

export const enActivity: Record<keyof typeof frActivity, string> = {
  'spaces.cell.activity': 'Activity: {title}',
  'spaces.cell.taken': 'Taken',
  'spaces.board.holdHint': 'Community activity: the room is taken, this is no household’s booking.',
  'spaces.board.holdStatus': 'Community activity',
  'spaces.error.activityHeld': 'A community activity already takes this room at that time. Choose another slot.',
};
