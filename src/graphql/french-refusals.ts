/**
 * The refusals of an input value (a variable, or an argument written inline), of a query over the
 * limits and of one that does not parse, worded in French for the person who reads them. Only the
 * wording of graphql-js's and graphql-armor's messages changes; one not recognised is left as it is.
 */

type Wording = [pattern: RegExp, french: (...parts: string[]) => string];

/** A value as graphql-js shows it (`"text"`, `12`, `{ id: 1 }`), between French quotes. */
const shown = (value: string) => `« ${value.replace(/^"(.*)"$/s, '$1')} »`;

/** What is wrong with the value itself. */
const DETAILS: Wording[] = [
  [/^Value "(.*)" does not exist in "(\w+)" enum\./s, (value, type) => `« ${value} » n'est pas une valeur de ${type}`],
  [/^Enum "(\w+)" cannot represent non-string value: (.*)\.$/s, (type, value) => `${shown(value!)} n'est pas une valeur de ${type}`],
  [/^Field "(\w+)" is not defined by type "(\w+)"\./s, (field, type) => `le champ « ${field} » n'existe pas dans ${type}`],
  [/^Field "([\w.]+)" of required type "(.+)" was not provided\.$/s, (field, type) => `le champ « ${field} » (${type}) est obligatoire`],
  [/^Field "(\w+)" must be non-null\.$/s, (field) => `le champ « ${field} » ne peut pas être nul`],
  [/^Expected type "(\w+)" to be an object\.$/s, (type) => `un objet ${type} est attendu`],
  [/^Expected non-nullable type "(.+)" not to be null\.$/s, (type) => `une valeur ${type} est obligatoire`],
  [/^Int cannot represent non-integer value: (.*)$/s, (value) => `${shown(value!)} n'est pas un nombre entier`],
  [/^Int cannot represent non 32-bit signed integer value: (.*)$/s, (value) => `${shown(value!)} est un nombre entier trop grand`],
  [/^Float cannot represent non numeric value: (.*)$/s, (value) => `${shown(value!)} n'est pas un nombre`],
  [/^String cannot represent a non string value: (.*)$/s, (value) => `${shown(value!)} n'est pas un texte`],
  [/^Boolean cannot represent a non boolean value: (.*)$/s, (value) => `${shown(value!)} n'est ni true ni false`],
  [/^ID cannot represent value: (.*)$/s, (value) => `${shown(value!)} n'est pas un identifiant`],
  [/^Expected type "(\w+)"\. (.+)$/s, (_type, detail) => frenchDetail(detail!)],
  [/^Expected type "(\w+)"\.$/s, (type) => `une valeur de type ${type} est attendue`],
];

/** Where the value was: in a variable, or written in the query. */
const FRAMES: Wording[] = [
  [/^Variable "\$(\w+)" got invalid value .*? at "([\w.[\]]+)"; (.+)$/s, (name, path, detail) => `Valeur invalide pour la variable $${name} à « ${path} » : ${frenchDetail(detail!)}`],
  [/^Variable "\$(\w+)" got invalid value .*?; (.+)$/s, (name, detail) => `Valeur invalide pour la variable $${name} : ${frenchDetail(detail!)}`],
  [/^Variable "\$(\w+)" of required type "(.+)" was not provided\.$/s, (name, type) => `La variable $${name} (${type}) est obligatoire`],
  [/^Variable "\$(\w+)" of non-null type "(.+)" must not be null\.$/s, (name, type) => `La variable $${name} (${type}) ne peut pas être nulle`],
  [/^Expected value of type "(.+?)", found (.+?); (.+)$/s, (type, value, detail) => `Valeur ${shown(value!)} invalide pour ${type} : ${frenchDetail(detail!)}`],
  [/^Expected value of type "(.+?)", found (.+)\.$/s, (type, value) => `Valeur ${shown(value!)} invalide pour ${type}`],
];

/** A query over the limits of src/graphql/limits.ts, or that does not parse. */
const QUERY_REFUSALS: Wording[] = [
  [/^Syntax Error: Query depth limit of (\d+) exceeded, found (\d+)\.$/, (limit, found) => `Requête trop profonde : ${limit} niveaux au plus, ${found} ici`],
  [/^Syntax Error: Aliases limit of (\d+) exceeded, found (\d+)\.$/, (limit, found) => `Trop d’alias dans la requête : ${limit} au plus, ${found} ici`],
  [/^Syntax Error: Directives limit of (\d+) exceeded, found (\d+)\.$/, (limit, found) => `Trop de directives dans la requête : ${limit} au plus, ${found} ici`],
  [/^Syntax Error: Document contains more th(?:an|at) (\d+) tokens\. Parsing aborted\.$/, (limit) => `Requête trop longue : ${limit} éléments au plus`],
  [/^Syntax Error: (.+)$/s, (detail) => `Erreur de syntaxe dans la requête : ${detail}`],
];

function reworded(message: string, wordings: Wording[]): string | undefined {
  for (const [pattern, french] of wordings) {
    const match = pattern.exec(message);
    if (match) return french(...match.slice(1));
  }
  return undefined;
}

function frenchDetail(detail: string): string {
  return reworded(detail, DETAILS) ?? detail;
}

/** The message in French when it is one of the refusals above; as it is otherwise. */
export function frenchRefusal(message: string): string {
  const french = reworded(message, FRAMES) ?? reworded(message, QUERY_REFUSALS) ?? reworded(message, DETAILS);
  return french ? french.charAt(0).toUpperCase() + french.slice(1) : message;
}
