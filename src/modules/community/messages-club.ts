// Strings of the club meetings' changes and notices (a network's meetings for its members' staff).
const fr = {
  'community.meeting.alreadyCancelled': 'Cette réunion est déjà annulée.',
  'community.meeting.over': 'Cette réunion est passée.',
  'community.meeting.capacityBelowTaken': 'Des personnes sont déjà inscrites : le nombre de places ne peut pas descendre sous les places prises.',
  'community.clubNotice.confirmed.subject': 'Inscription confirmée : {title}',
  'community.clubNotice.confirmed.text': 'Votre inscription à la réunion « {title} » est confirmée. Le fichier joint l’ajoute à votre agenda.',
  'community.clubNotice.waiting.subject': 'Liste d’attente : {title}',
  'community.clubNotice.waiting.text': 'La réunion « {title} » est complète : vous êtes sur la liste d’attente. Nous vous prévenons dès qu’une place se libère.',
  'community.clubNotice.promoted.subject': 'Une place pour vous : {title}',
  'community.clubNotice.promoted.text': 'Une place s’est libérée : votre inscription à la réunion « {title} » est confirmée. Le fichier joint l’ajoute à votre agenda.',
  'community.clubNotice.changed.subject': 'Changement : {title}',
  'community.clubNotice.changed.text': 'La réunion « {title} » change de date, d’heure ou de lieu. Voici les nouvelles informations ; le fichier joint met votre agenda à jour.',
  'community.clubNotice.cancelled.subject': 'Réunion annulée : {title}',
  'community.clubNotice.cancelled.text': 'La réunion « {title} » est annulée. Raison : {reason}',
  'community.clubNotice.reminder.subject': 'Rappel, c’est demain : {title}',
  'community.clubNotice.reminder.text': 'Vous êtes inscrit à la réunion « {title} », demain. Si vous ne pouvez pas venir, annulez votre inscription pour laisser la place.',
  // "Mes avis": the same news as the e-mails, in the member staff's own list.
  'community.notifications.club.confirmed': 'Inscription confirmée à la réunion :',
  'community.notifications.club.approved': 'Demande acceptée, votre place à la réunion est réservée :',
  'community.notifications.club.promoted': 'Une place s’est libérée, vous êtes inscrit à la réunion :',
  'community.notifications.club.changed': 'Réunion déplacée (date, heure ou lieu) :',
  'community.notifications.club.cancelled': 'Réunion annulée :',
};

const en: typeof fr = {
  'community.meeting.alreadyCancelled': 'This meeting is already cancelled.',
  'community.meeting.over': 'This meeting is over.',
  'community.meeting.capacityBelowTaken': 'People are already registered: the number of places cannot go below the places taken.',
  'community.clubNotice.confirmed.subject': 'Registration confirmed: {title}',
  'community.clubNotice.confirmed.text': 'Your registration to the meeting “{title}” is confirmed. The attached file adds it to your calendar.',
  'community.clubNotice.waiting.subject': 'Waiting list: {title}',
  'community.clubNotice.waiting.text': 'The meeting “{title}” is full: you are on the waiting list. We will tell you as soon as a place frees up.',
  'community.clubNotice.promoted.subject': 'A place for you: {title}',
  'community.clubNotice.promoted.text': 'A place has freed up: your registration to the meeting “{title}” is confirmed. The attached file adds it to your calendar.',
  'community.clubNotice.changed.subject': 'Change: {title}',
  'community.clubNotice.changed.text': 'The meeting “{title}” has a new date, time or place. Here are the new details; the attached file updates your calendar.',
  'community.clubNotice.cancelled.subject': 'Meeting cancelled: {title}',
  'community.clubNotice.cancelled.text': 'The meeting “{title}” is cancelled. Reason: {reason}',
  'community.clubNotice.reminder.subject': 'Reminder, it is tomorrow: {title}',
  'community.clubNotice.reminder.text': 'You are registered to the meeting “{title}”, tomorrow. If you cannot come, please cancel your registration to free your place.',
  'community.notifications.club.confirmed': 'Registration to the meeting confirmed:',
  'community.notifications.club.approved': 'Request accepted, your place at the meeting is kept:',
  'community.notifications.club.promoted': 'A place came free, you are registered to the meeting:',
  'community.notifications.club.changed': 'Meeting moved (date, time or place):',
  'community.notifications.club.cancelled': 'Meeting cancelled:',
};

export const clubMessages = { fr, en };
