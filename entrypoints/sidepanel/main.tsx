import { render } from 'preact';
import { SidebarApp } from '../../components/sidebar/SidebarApp.tsx';
import { applyRememberedTheme } from '../../components/sidebar/theme.ts';
import { createBrowserBackend } from '../../platform/sidebar-backend.ts';
import '../../components/sidebar/sidebar.css';

applyRememberedTheme();
render(<SidebarApp backend={createBrowserBackend()} />, document.getElementById('app')!);
