import { Alert } from '@codegouvfr/react-dsfr/Alert';
import { useEffect } from 'react';
import { Redirect, Route, Switch, useLocation } from 'wouter';
import { useQuery } from './api/use-query';
import { Shell } from './layout/Shell';
import { INNER_PAGES, MENU } from './pages';
import { ChooseOrganisationPage } from './pages/session/ChooseOrganisationPage';
import { HomePage } from './pages/session/HomePage';
import { InvitationsPage } from './pages/session/InvitationsPage';
import { NotFoundPage } from './pages/session/NotFoundPage';
import { ProviderCallbackPage } from './pages/session/ProviderCallbackPage';
import { SignInPage } from './pages/session/SignInPage';
import { CALLBACK_PATH } from './session/sign-in';
import { actFor, useSession } from './session/store';
import { ConsoleViewerDocument, ViewerProvider, type ConsoleViewer } from './session/viewer';

export function App() {
  const session = useSession();
  if (!session) {
    return (
      <Shell viewer={null}>
        <Switch>
          <Route path={CALLBACK_PATH} component={ProviderCallbackPage} />
          <Route component={SignInPage} />
        </Switch>
      </Shell>
    );
  }
  return <SignedIn key={`${session.token}:${session.organisationId ?? ''}`} />;
}

/** Once signed in: the viewer asked for the acting organisation, then the page the address names. */
function SignedIn() {
  const { data, error } = useQuery(ConsoleViewerDocument);
  const viewer = data?.viewer ?? null;
  const organisations = viewer?.memberships ?? [];
  const [onlyOne] = organisations.length === 1 ? organisations : [];
  useEffect(() => {
    if (onlyOne && !viewer?.actingOrganisation) actFor(onlyOne.organisation.id);
  }, [onlyOne, viewer]);
  return (
    <Shell viewer={viewer}>
      {error && <Alert severity="error" title="La console n’a pas pu vous reconnaître" description={error.message} />}
      {viewer && <Pages viewer={viewer} />}
    </Shell>
  );
}

function Pages({ viewer }: { viewer: ConsoleViewer }) {
  const [location] = useLocation();
  if (!viewer.actingOrganisation) {
    if (viewer.memberships.length === 0) return <InvitationsPage viewer={viewer} />;
    return location === '/organisation' ? <ChooseOrganisationPage viewer={viewer} /> : <Redirect to="/organisation" />;
  }
  const pages = [...INNER_PAGES, ...MENU].filter((page) => page.visibleTo(viewer));
  return (
    <ViewerProvider value={viewer}>
      <Switch>
        <Route path="/" component={HomePage} />
        <Route path="/organisation">{() => <ChooseOrganisationPage viewer={viewer} />}</Route>
        <Route path={CALLBACK_PATH}>{() => <Redirect to="/" />}</Route>
        {pages.map((page) => <Route key={page.path} path={page.path} component={page.component} />)}
        <Route component={NotFoundPage} />
      </Switch>
    </ViewerProvider>
  );
}
