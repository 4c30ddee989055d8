import { mount } from 'svelte';
import App from './App.svelte';
import { connectApi } from './bridge/atelier';
import './styles.css';

const api = connectApi();
mount(App, { target: document.getElementById('app')!, props: { api } });
