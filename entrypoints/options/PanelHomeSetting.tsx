import { useEffect, useState } from 'preact/hooks';
import { type PanelHome, panelHomeKey, parsePanelHome } from '@/lib/overlay/panel-home';

const choices: Array<{ home: PanelHome; label: string; hint: string }> = [
  {
    home: 'page',
    label: 'Beside the record, in the page',
    hint: 'The toolbar button shows or collapses it.',
  },
  {
    home: 'side',
    label: "In the browser's side panel",
    hint: 'No page can cover or remove it; the toolbar button opens it, and it follows the tab you look at.',
  },
];

/** Where the panel opens: in the CRM's page, or in the browser's own side panel. */
export function PanelHomeSetting() {
  const [home, setHome] = useState<PanelHome | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    void browser.storage.local.get(panelHomeKey).then(
      (stored) => setHome(parsePanelHome(stored[panelHomeKey])),
      () => setHome('page'),
    );
  }, []);

  const choose = async (next: PanelHome) => {
    setProblem(null);
    try {
      await browser.storage.local.set({ [panelHomeKey]: next });
      setHome(next);
    } catch (error) {
      setProblem(`Could not keep your choice: ${String(error)}`);
    }
  };

  if (home === null) return null;
  return (
    <section aria-labelledby="panel-home-title">
      <h2 id="panel-home-title">Where the panel opens</h2>
      {choices.map((choice) => (
        <p key={choice.home}>
          <label>
            <input
              type="radio"
              name="panel-home"
              value={choice.home}
              checked={home === choice.home}
              onChange={() => void choose(choice.home)}
            />{' '}
            {choice.label}
          </label>
          <br />
          <span class="hint">{choice.hint}</span>
        </p>
      ))}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
