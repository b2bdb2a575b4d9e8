// GraphiQL on /graphql with the bearer credential typed in the page's bar, kept for this tab only.
const STORAGE_KEY = 'clauses.token';

// The query of README.md's "Calling the API" (a test checks they stay the same).
const EXAMPLE_QUERY = `# Vous, votre organisation et trois marchés
{
  viewer {
    user { email }
    actingOrganisation { id name }
  }
  markets(first: 3) {
    totalCount
    nodes {
      reference
      buyer { name }
      plannedHours { hours basis }
      realisedHours
    }
  }
}
`;

const input = document.getElementById('token');
const root = ReactDOM.createRoot(document.getElementById('graphiql'));

// Reads the field at every call, so that a credential pasted just before a click on Run is the one sent.
function send(params, options) {
  const token = input.value.trim();
  // Without a credential the API answers 401 to everything: say what to do instead of asking it.
  if (!token) return Promise.resolve({ errors: [{ message: 'Saisissez un jeton ou une clé d’API en haut de la page : l’API ne répond qu’aux requêtes authentifiées.' }] });
  return GraphiQL.createFetcher({ url: '/graphql', headers: { authorization: `Bearer ${token}` } })(params, options);
}

function render() {
  sessionStorage.setItem(STORAGE_KEY, input.value.trim());
  // A new fetcher makes GraphiQL load the schema again, with the new credential.
  root.render(React.createElement(GraphiQL, { fetcher: (params, options) => send(params, options), defaultQuery: EXAMPLE_QUERY }));
}

input.value = sessionStorage.getItem(STORAGE_KEY) ?? '';
input.addEventListener('change', render);
render();
