import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './bridge/atelier';
import { watchPageProblems } from './bridge/page-problems';
import { isAdminPage } from './admin/admin-page';
import './styles.css';

const api = connectApi();
// Before the app mounts: the shell's log is where staff see what went wrong on a page no one watches.
// A report that fails is dropped: it must not become an unhandled rejection, reported again.
watchPageProblems(window, (p) => void api.app.reportProblem(p).catch(() => {}), { page: isAdminPage(location) ? 'admin' : 'mirror' });
mount(App, { target: document.getElementById('app')!, props: { api } });
