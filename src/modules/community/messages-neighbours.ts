// Strings of activities and processes open to the neighbourhood, across landlords.
const fr = {
  'community.eventForm.audience': 'Ouvert aussi au quartier',
  'community.eventForm.audienceResidence': 'Non : seulement le public choisi ci-dessus',
  'community.eventForm.audienceNeighbourhood': 'Oui : tous les habitants du quartier de la résidence ou de la salle, autres bailleurs compris',
  'community.eventForm.audienceHint': 'Les habitants des autres bailleurs du quartier voient l’activité et s’inscrivent ; sur la liste, vous voyez le nom de leur foyer, jamais leur logement.',
  'community.event.neighbourhoodResidence': 'Choisissez une résidence ou une salle : le quartier où elle se trouve sera invité.',
  'community.event.noNeighbourhood': 'Cette résidence ne fait partie d’aucun quartier. Rattachez-la à un quartier dans l’annuaire.',
  'community.event.organisedBy': 'Organisé par {landlord}, pour les habitants du quartier.',
  'community.process.neighbours': 'Ouvert aux habitants du quartier, proposé par {landlord}.',
  'community.meeting.already': 'Vous êtes déjà inscrit à cette réunion.',
  'community.meeting.full': 'Cette réunion est complète.',
};

const en: typeof fr = {
  'community.eventForm.audience': 'Also open to the neighbourhood',
  'community.eventForm.audienceResidence': 'No: only the people chosen above',
  'community.eventForm.audienceNeighbourhood': 'Yes: every resident of the neighbourhood of the residence or room, other landlords’ included',
  'community.eventForm.audienceHint': 'Residents of the other landlords of the neighbourhood see the activity and register; on the list you see their household’s name, never their home.',
  'community.event.neighbourhoodResidence': 'Choose a residence or a room: the neighbourhood it is in will be invited.',
  'community.event.noNeighbourhood': 'This residence is in no neighbourhood. Attach it to one in the directory.',
  'community.event.organisedBy': 'Organised by {landlord}, for the residents of the neighbourhood.',
  'community.process.neighbours': 'Open to the residents of the neighbourhood, run by {landlord}.',
  'community.meeting.already': 'You are already registered for this meeting.',
  'community.meeting.full': 'This meeting is full.',
};

export const neighbourMessages = { fr, en };
