/** The community module's public surface for other modules (impact reads its counts from here). */
export { type CommunityFigures, type CommunityReport, communityFigures, communityReports } from './queries/impact-figures.js';
export { proposalAnswerMedian } from './queries/answer-median.js';
/** Club meetings of a network (docs/decisions/network-meetings.md): created by its staff, seen and joined by its member landlords' staff. */
export { cancelClubRegistration, createNetworkMeeting, meetingRefusal, registerForClubMeeting } from './commands/network-meetings.js';
export { cancelNetworkMeeting, updateNetworkMeeting } from './commands/network-meeting-changes.js';
export { type ClubMeeting, type ClubRosterLine, clubMeetingForMember, clubMeetingsForMember, meetingFormValues, networkMeetingOfNetwork, networkMeetingRoster, networkMeetingsOfNetwork } from './queries/network-meetings.js';
export type { MeetingInput } from './schemas.js';
