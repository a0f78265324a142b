// The app's entry: Veil from the npm package, then React. optIn: true asks
// for consent although the collector does not: options in code may tighten.
import { createRoot } from 'react-dom/client';
import * as veil from '@veil-replay/recorder';
import { App } from './app.jsx';

window.spaVeil = veil;
window.spaInit = veil.init({
  configUrl: window.SPA_COLLECTOR + '/veil/config.json?app=spa',
  assetsUrl: '/assets/veil/',
  optIn: true,
  recording: { mask: ['.results'] },
}).then((s) => s.state, (err) => 'rejected: ' + err.message);
createRoot(document.getElementById('root')).render(<App />);
