// The same app, but its code asks Veil to ignore Do Not Track and Global
// Privacy Control although the collector honours them: a looser option, which
// the package must refuse (and then record nothing).
import { createRoot } from 'react-dom/client';
import * as veil from '@veil-replay/recorder';
import { App } from './app.jsx';

window.spaVeil = veil;
window.spaInit = veil.init({
  configUrl: window.SPA_COLLECTOR + '/veil/config.json?app=spa',
  assetsUrl: '/assets/veil/',
  privacySignals: 'ignore',
}).then((s) => s.state, (err) => 'rejected: ' + err.message);
createRoot(document.getElementById('root')).render(<App />);
