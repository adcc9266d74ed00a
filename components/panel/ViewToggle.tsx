/** The panel page and the team page, each of its own (the team view stays out of the panel's bundle). */
export const panelPagePath = '/panel.html';
/** The team page as the panel frame shows it: with this toggle back to the record. */
export const teamInPanelPath = '/team.html?in=panel';

/**
 * Switches the panel frame between the tab's record and the team view by navigating it to the other page;
 * the panel page asks the background for the tab's record again, so "This record" comes back to the same one.
 * `teamName` says whose handoffs: "Team" for managers and admins, "My handoffs" for everybody else.
 */
export function ViewToggle({ current, teamName }: { current: 'record' | 'team'; teamName: string }) {
  return (
    <nav class="baton-view-toggle" aria-label="Panel view">
      {current === 'record' ? (
        <span aria-current="page">This record</span>
      ) : (
        <a href={panelPagePath}>This record</a>
      )}
      {current === 'team' ? (
        <span aria-current="page">{teamName}</span>
      ) : (
        <a href={teamInPanelPath}>{teamName}</a>
      )}
    </nav>
  );
}
