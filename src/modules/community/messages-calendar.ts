// Strings of the person's own activities and their private calendar feed.
const fr = {
  'community.mine.title': 'Mes activités',
  'community.mine.link': 'Mes activités et mon agenda',
  'community.mine.empty': 'Vous n’êtes inscrit à aucune activité à venir.',
  'community.mine.statusLabel': 'Votre inscription : {status}',
  'community.feed.heading': 'Mes activités dans l’agenda de mon téléphone',
  'community.feed.explain': 'Votre téléphone peut afficher tout seul les activités où vous êtes inscrit. Il les met à jour quand une activité change ou est annulée.',
  'community.feed.off': 'Ce service n’est pas activé.',
  'community.feed.since': 'Votre agenda est relié depuis le {date}.',
  'community.feed.create': 'Relier mes activités à mon agenda',
  'community.feed.renew': 'Faire une nouvelle adresse (l’ancienne ne marchera plus)',
  'community.feed.stop': 'Arrêter : mon agenda ne reçoit plus mes activités',
  'community.feed.ready': 'Votre adresse d’agenda est prête.',
  'community.feed.add': 'Ajouter à l’agenda de ce téléphone',
  'community.feed.address': 'Adresse de votre agenda (à copier dans une autre application d’agenda)',
  'community.feed.secret': 'Gardez cette adresse pour vous : quelqu’un qui la connaît voit vos activités. Elle n’est montrée qu’une fois. Si vous la perdez, faites-en une nouvelle.',
  'community.feed.name': 'Mes activités — {org}',
  'community.feed.done.stopped': 'C’est arrêté : l’adresse de votre agenda ne marche plus.',
  'community.feed.done.none': 'Il n’y avait pas d’agenda relié.',
};

const en: typeof fr = {
  'community.mine.title': 'My activities',
  'community.mine.link': 'My activities and my calendar',
  'community.mine.empty': 'You are not registered for any coming activity.',
  'community.mine.statusLabel': 'Your registration: {status}',
  'community.feed.heading': 'My activities in my phone’s calendar',
  'community.feed.explain': 'Your phone can show by itself the activities you are registered for. It updates them when an activity changes or is cancelled.',
  'community.feed.off': 'This service is not turned on.',
  'community.feed.since': 'Your calendar has been linked since {date}.',
  'community.feed.create': 'Link my activities to my calendar',
  'community.feed.renew': 'Make a new address (the old one will stop working)',
  'community.feed.stop': 'Stop: my calendar no longer receives my activities',
  'community.feed.ready': 'Your calendar address is ready.',
  'community.feed.add': 'Add to this phone’s calendar',
  'community.feed.address': 'Your calendar address (to copy into another calendar app)',
  'community.feed.secret': 'Keep this address to yourself: anyone who knows it sees your activities. It is shown only once. If you lose it, make a new one.',
  'community.feed.name': 'My activities — {org}',
  'community.feed.done.stopped': 'Stopped: your calendar address no longer works.',
  'community.feed.done.none': 'No calendar was linked.',
};

export const calendarMessages = { fr, en };
