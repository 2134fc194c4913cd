import { render } from 'preact';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import { createBrowserBackend } from '../../platform/sidebar-backend.ts';
import '../../components/sidebar/sidebar.css';

render(<SidebarApp backend={createBrowserBackend()} />, document.getElementById('app')!);
