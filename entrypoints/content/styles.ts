/**
 * Inline `!important` declarations: on the host element they beat any page rule (a style attribute
 * outranks every selector of the same importance), and unlike a <style> element they are never
 * blocked by the page's Content-Security-Policy.
 */
export function setStyles(element: HTMLElement, declarations: Record<string, string>): void {
  for (const [property, value] of Object.entries(declarations)) {
    element.style.setProperty(property, value, 'important');
  }
}

export const panelColours = {
  text: '#1f2933',
  muted: '#52606d',
  surface: '#ffffff',
  chrome: '#f4f6f9',
  border: '#cbd2d9',
  accent: '#0b5cab',
};
