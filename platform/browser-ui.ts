// Browser differences in one place: Chrome's side panel vs Firefox's sidebar, MV3 `action` vs
// MV2 `browser_action`. Features call these functions and never test for the browser themselves.
import { browser } from 'wxt/browser';

type ActionApi = {
  setBadgeText(details: { text: string; tabId?: number }): Promise<void> | void;
  setBadgeBackgroundColor(details: { color: string; tabId?: number }): Promise<void> | void;
  onClicked: { addListener(cb: (tab: { id?: number; windowId?: number }) => void): void };
};

function actionApi(): ActionApi | null {
  const b = browser as unknown as { action?: ActionApi; browserAction?: ActionApi };
  return b.action ?? b.browserAction ?? null;
}

export async function setBadge(tabId: number, count: number): Promise<void> {
  const action = actionApi();
  if (!action) return;
  try {
    await action.setBadgeBackgroundColor({ color: '#3b5bdb', tabId });
    await action.setBadgeText({ text: count > 0 ? String(count) : '', tabId });
  } catch {
    // the tab closed meanwhile
  }
}

/** Makes the toolbar button open the sidebar. */
export function openSidebarOnAction(): void {
  const b = browser as unknown as {
    sidePanel?: { setPanelBehavior(o: { openPanelOnActionClick: boolean }): Promise<void> };
    sidebarAction?: { toggle(): Promise<void> };
  };
  if (b.sidePanel) {
    void b.sidePanel.setPanelBehavior({ openPanelOnActionClick: true }).catch(() => undefined);
  } else if (b.sidebarAction) {
    const sidebarAction = b.sidebarAction;
    actionApi()?.onClicked.addListener(() => {
      void sidebarAction.toggle();
    });
  }
}
