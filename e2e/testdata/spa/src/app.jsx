// Zephyr Books: a consent banner, a nav, and four routes with controlled
// inputs. What the visitor types shows up again as page text (the account
// page) and in a URL (the search route's ?q=), the two ways typed data most
// often leaks out of a single-page app.
import { useState } from 'react';
import * as veil from '@veil-replay/recorder';
import { navigate, useLocation } from './router.js';

function Link({ to, children }) {
  const click = (e) => {
    e.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={click}>{children}</a>;
}

function ConsentBanner() {
  const [answered, setAnswered] = useState(false);
  if (answered) return null;
  const answer = (yes) => {
    setAnswered(true);
    (yes ? veil.optIn() : veil.optOut()).catch(() => undefined);
  };
  return (
    <div className="banner" role="dialog" aria-label="Recording consent">
      <p>We record visits (masked in your browser) to improve the shop.</p>
      <button id="consent-accept" onClick={() => answer(true)}>Accept</button>
      <button id="consent-decline" onClick={() => answer(false)}>No thanks</button>
    </div>
  );
}

function Signup({ onDone }) {
  const [form, setForm] = useState({ name: '', email: '', password: '', about: '' });
  const field = (key) => ({ value: form[key], onChange: (e) => setForm({ ...form, [key]: e.target.value }) });
  const submit = (e) => {
    e.preventDefault();
    onDone(form);
    navigate('/account');
  };
  return (
    <form onSubmit={submit}>
      <h1>Sign up</h1>
      <label htmlFor="name">Name</label>
      <input id="name" autoComplete="off" {...field('name')} />
      <label htmlFor="email">Email</label>
      <input id="email" type="email" {...field('email')} />
      <label htmlFor="password">Password</label>
      <input id="password" type="password" {...field('password')} />
      <label htmlFor="about">About you</label>
      <textarea id="about" {...field('about')} />
      <p className="echo">Hello {form.name}</p>
      <button id="create" type="submit">Create account</button>
    </form>
  );
}

function Account({ user }) {
  return (
    <section>
      <h1>Your account</h1>
      <p className="account">{user ? user.name + ' <' + user.email + '>' : 'Not signed up'}</p>
      <p className="account">{user ? user.about : ''}</p>
    </section>
  );
}

function Search({ query }) {
  const [q, setQ] = useState(query.get('q') || '');
  const submit = (e) => {
    e.preventDefault();
    navigate('/search?q=' + encodeURIComponent(q));
  };
  return (
    <form onSubmit={submit}>
      <h1>Search</h1>
      <input id="q" type="search" value={q} onChange={(e) => setQ(e.target.value)} />
      <button id="go" type="submit">Search</button>
      <p className="results">{query.get('q') ? 'No books match ' + query.get('q') : ''}</p>
    </form>
  );
}

export function App() {
  const { path, query } = useLocation();
  const [user, setUser] = useState(null);
  let page = <h1>Welcome to Zephyr Books</h1>;
  if (path === '/signup') page = <Signup onDone={setUser} />;
  else if (path === '/account') page = <Account user={user} />;
  else if (path === '/search') page = <Search key={query.toString()} query={query} />;
  return (
    <>
      <ConsentBanner />
      <nav>
        <Link to="/">Home</Link> <Link to="/signup">Sign up</Link> <Link to="/account">Account</Link>{' '}
        <Link to="/search">Search</Link>
      </nav>
      <main id="page" data-path={path}>{page}</main>
    </>
  );
}
