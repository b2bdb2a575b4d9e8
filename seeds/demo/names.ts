/**
 * Name pools for fictional people. Common French first names across the generations born
 * 1960-2006, and surnames frequent in the Pas-de-Calais (Flemish, Picard, Polish and
 * North-African origins, as in the mining basin and the coast). Combinations are random:
 * any resemblance to a real person is a coincidence.
 */

export const FEMALE_FIRST_NAMES: readonly string[] = [
  'Marie', 'Nathalie', 'Isabelle', 'Sylvie', 'Catherine', 'Christine', 'Valérie', 'Sandrine', 'Véronique', 'Martine',
  'Stéphanie', 'Céline', 'Virginie', 'Karine', 'Aurélie', 'Émilie', 'Julie', 'Sophie', 'Laetitia', 'Audrey',
  'Mélanie', 'Élodie', 'Jessica', 'Amandine', 'Caroline', 'Laura', 'Sarah', 'Camille', 'Manon', 'Marine',
  'Pauline', 'Justine', 'Anaïs', 'Océane', 'Chloé', 'Léa', 'Emma', 'Clara', 'Inès', 'Jade',
  'Lina', 'Maëlys', 'Lola', 'Zoé', 'Louna', 'Yasmina', 'Samira', 'Nadia', 'Fatima', 'Leïla',
  'Sabrina', 'Coralie', 'Fanny', 'Mégane', 'Alicia', 'Cindy', 'Kelly', 'Morgane', 'Ophélie', 'Gwendoline',
  'Brigitte', 'Corinne', 'Patricia', 'Agnès', 'Florence', 'Delphine', 'Magali', 'Séverine', 'Noémie', 'Elisa',
];

export const MALE_FIRST_NAMES: readonly string[] = [
  'Jean', 'Philippe', 'Patrick', 'Thierry', 'Pascal', 'Christophe', 'Frédéric', 'Laurent', 'Stéphane', 'Éric',
  'Olivier', 'David', 'Sébastien', 'Nicolas', 'Julien', 'Jérôme', 'Cédric', 'Fabrice', 'Grégory', 'Mickaël',
  'Anthony', 'Jonathan', 'Kévin', 'Romain', 'Maxime', 'Thomas', 'Alexandre', 'Guillaume', 'Benjamin', 'Florian',
  'Quentin', 'Dylan', 'Jordan', 'Valentin', 'Hugo', 'Lucas', 'Théo', 'Enzo', 'Mathis', 'Nathan',
  'Louis', 'Clément', 'Antoine', 'Baptiste', 'Corentin', 'Killian', 'Bryan', 'Steven', 'Ludovic', 'Franck',
  'Didier', 'Bruno', 'Dominique', 'Alain', 'Gérard', 'Daniel', 'Michel', 'Hervé', 'Sylvain', 'Yannick',
  'Karim', 'Mehdi', 'Sofiane', 'Rachid', 'Mohamed', 'Yassine', 'Bilal', 'Ibrahim', 'Moussa', 'Mamadou',
];

export const LAST_NAMES: readonly string[] = [
  'Lefebvre', 'Leroy', 'Lemaire', 'Dupont', 'Caron', 'Lecomte', 'Delattre', 'Deprez', 'Duhamel', 'Vasseur',
  'Delcourt', 'Dubois', 'Martin', 'Bernard', 'Petit', 'Durand', 'Leroux', 'Lemoine', 'Boulanger', 'Fournier',
  'Lambert', 'Carpentier', 'Hennebelle', 'Demarcq', 'Dufour', 'Lebrun', 'Legrand', 'Lefort', 'Delannoy', 'Descamps',
  'Dumont', 'Delplace', 'Deswarte', 'Vandenbussche', 'Vanhove', 'Verhaeghe', 'Vermeulen', 'Decroix', 'Dewaele', 'Bouchez',
  'Flament', 'Facon', 'Lenglet', 'Wimet', 'Cuvelier', 'Delobel', 'Delhaye', 'Dhainaut', 'Dumortier', 'Evrard',
  'Fontaine', 'Gosselin', 'Hochart', 'Houzé', 'Lagache', 'Lamotte', 'Lecocq', 'Lhomme', 'Louchart', 'Macquet',
  'Marchand', 'Masson', 'Merlin', 'Noël', 'Obert', 'Pruvost', 'Quéval', 'Ramet', 'Ringot', 'Sauvage',
  'Tellier', 'Thorel', 'Vanpeene', 'Wacheux', 'Wallart', 'Bailleul', 'Beugin', 'Bigot', 'Blondel', 'Bocquet',
  'Bourdon', 'Cappe', 'Caudron', 'Coquelle', 'Courtin', 'Daguet', 'Darras', 'Debruyne', 'Degrave', 'Delmotte',
  'Kowalski', 'Nowak', 'Wojcik', 'Lewandowski', 'Kaczmarek', 'Szymanski', 'Mazur', 'Dudek', 'Wisniewski', 'Zielinski',
  'Kaminski', 'Jankowski', 'Pawlak', 'Sobczak', 'Krawczyk', 'Grabowski', 'Michalak', 'Olejniczak', 'Wozniak', 'Kubiak',
  'Benali', 'Haddad', 'Mansouri', 'Bouzid', 'Belkacem', 'Cherif', 'Hamidi', 'Saidi', 'Brahimi', 'Amrani',
  'Diallo', 'Traoré', 'Camara', 'Ndiaye', 'Diop', 'Da Silva', 'Pereira', 'Ferreira', 'Rodrigues', 'Lopes',
  'Garcia', 'Martinez', 'Lopez', 'Sanchez', 'Moreau', 'Girard', 'Roux', 'Morel', 'Faure', 'Andre',
  'Mercier', 'Blanc', 'Guerin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu',
];
