/** Strings of programme configuration, documents, reminders and retention. */
export const messages = {
	fr: {
		"support.programme.newTitle": "Créer un programme",
		"support.programme.editTitle": "Programme « {name} »",
		"support.programme.saved": "Le programme est enregistré.",
		"support.programme.nameField": "Nom du programme",
		"support.programme.nameShort": "Donnez un nom d’au moins 3 caractères.",
		"support.programme.nameTaken": "Un programme porte déjà ce nom.",
		"support.programme.kindHint":
			"Le type décide des étapes propres au programme (commission, bail glissant, travaux). Il ne change plus ensuite.",
		"support.programme.kindFixed": "(ne change pas après la création)",
		"support.programme.sensitivityHint":
			"Sensible ou très sensible : accès limité aux personnes qui suivent le dossier, chaque lecture est enregistrée.",
		"support.programme.partners": "Associations partenaires",
		"support.programme.residenceKinds": "Types de résidence concernés",
		"support.programme.residenceHint":
			"Aucune case cochée : toutes les résidences.",
		"support.programme.residences": "Résidences concernées",
		"support.programme.unknownResidence":
			"Choisissez des résidences de la liste.",
		"support.programme.eligibility": "Questions d’éligibilité",
		"support.programme.eligibilityHint":
			"Une question par ligne, 10 au plus, par exemple « Le foyer est-il locataire depuis plus de 6 mois ? ».",
		"support.programme.tooManyQuestions": "Pas plus de 10 questions.",
		"support.programme.questionLong":
			"Une question ne dépasse pas 200 caractères.",
		"support.programme.steps": "Étapes de l’accompagnement",
		"support.programme.stepsHint":
			"Chaque étape tombe N jours après l’ouverture du dossier. Les changements valent pour les dossiers ouverts ensuite.",
		"support.programme.stepLabelN": "Étape {n} : intitulé",
		"support.programme.stepDaysN": "Étape {n} : jours après l’ouverture",
		"support.programme.stepLabel":
			"Donnez un intitulé à cette étape, ou videz aussi le nombre de jours.",
		"support.programme.stepDays": "Indiquez un nombre de jours entre 0 et 730.",
		"support.programme.retention": "Durée de conservation",
		"support.programme.retentionMonths": "Conserver pendant (mois)",
		"support.programme.retentionHint":
			"Après ce délai, le dossier clos est anonymisé ou supprimé chaque nuit. Par défaut : 24 mois.",
		"support.programme.retentionRange":
			"Indiquez un nombre de mois entre 1 et 240.",
		"support.programme.retentionFrom": "À compter de",
		"support.programme.retentionAction": "Puis",
		"support.retention.from.last_contact": "Le dernier contact",
		"support.retention.from.closure": "La clôture du dossier",
		"support.retention.action.anonymise": "Anonymiser (les chiffres restent)",
		"support.retention.action.delete": "Supprimer (seul un décompte reste)",
		"support.programme.legalBasis": "Base légale",
		"support.programme.legalBasisHint":
			"Par exemple : mission d’intérêt public (RGPD art. 6-1-e), convention avec le partenaire.",
		"support.programme.notice": "Information donnée à la personne",
		"support.programme.noticeHint":
			"En mots simples : ce que nous faisons de ses informations, qui les voit, combien de temps.",
		"support.programme.create": "Créer le programme",
		"support.programme.save": "Enregistrer",
		"support.programme.back": "Retour aux programmes",
	},
	en: {
		"support.programme.newTitle": "Create a programme",
		"support.programme.editTitle": "Programme “{name}”",
		"support.programme.saved": "The programme is saved.",
		"support.programme.nameField": "Programme name",
		"support.programme.nameShort": "Give a name of at least 3 characters.",
		"support.programme.nameTaken": "A programme already has this name.",
		"support.programme.kindHint":
			"The kind decides the programme’s own stages (commission, sliding lease, works). It cannot change afterwards.",
		"support.programme.kindFixed": "(cannot change after creation)",
		"support.programme.sensitivityHint":
			"Sensitive or highly sensitive: only the people following a case see it, and every read is recorded.",
		"support.programme.partners": "Partner associations",
		"support.programme.residenceKinds": "Residence types concerned",
		"support.programme.residenceHint": "No box ticked: every residence.",
		"support.programme.residences": "Residences concerned",
		"support.programme.unknownResidence": "Choose residences from the list.",
		"support.programme.eligibility": "Eligibility questions",
		"support.programme.eligibilityHint":
			"One question per line, 10 at most, for example “Has the household rented for more than 6 months?”.",
		"support.programme.tooManyQuestions": "No more than 10 questions.",
		"support.programme.questionLong":
			"A question is at most 200 characters long.",
		"support.programme.steps": "Steps of the support",
		"support.programme.stepsHint":
			"Each step falls due N days after the case opens. Changes apply to cases opened afterwards.",
		"support.programme.stepLabelN": "Step {n}: title",
		"support.programme.stepDaysN": "Step {n}: days after opening",
		"support.programme.stepLabel":
			"Give this step a title, or clear its number of days too.",
		"support.programme.stepDays": "Enter a number of days between 0 and 730.",
		"support.programme.retention": "Retention",
		"support.programme.retentionMonths": "Keep for (months)",
		"support.programme.retentionHint":
			"After this time a closed case is anonymised or deleted overnight. Default: 24 months.",
		"support.programme.retentionRange":
			"Enter a number of months between 1 and 240.",
		"support.programme.retentionFrom": "Counting from",
		"support.programme.retentionAction": "Then",
		"support.retention.from.last_contact": "The last contact",
		"support.retention.from.closure": "The closure of the case",
		"support.retention.action.anonymise": "Anonymise (the figures remain)",
		"support.retention.action.delete": "Delete (only a count remains)",
		"support.programme.legalBasis": "Legal basis",
		"support.programme.legalBasisHint":
			"For example: task in the public interest (GDPR art. 6-1-e), agreement with the partner.",
		"support.programme.notice": "Notice given to the person",
		"support.programme.noticeHint":
			"In plain words: what we do with their information, who sees it, for how long.",
		"support.programme.create": "Create the programme",
		"support.programme.save": "Save",
		"support.programme.back": "Back to the programmes",
	},
};
