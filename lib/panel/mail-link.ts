/**
 * Mail clients and operating systems cut or refuse longer `mailto:` links (Outlook and Windows stop near
 * 2,000 characters), so a longer message goes without its body, to be pasted.
 */
export const longestMailLink = 2000;

export interface MailLink {
  href: string;
  /** False when the body would have made the link too long: the person pastes it instead. */
  withBody: boolean;
}

/** RFC 6068: every character outside the safe set percent-encoded, line breaks as CRLF. */
function encoded(text: string): string {
  return encodeURIComponent(text.replace(/\r?\n/g, '\r\n'));
}

/** A `mailto:` link to these addresses with the subject and, when it fits, the body. */
export function mailLink(to: readonly string[], subject: string, body: string): MailLink {
  const recipients = to.map((address) => encodeURIComponent(address).replaceAll('%40', '@')).join(',');
  const withSubject = `mailto:${recipients}?subject=${encoded(subject)}`;
  const full = `${withSubject}&body=${encoded(body)}`;
  return full.length <= longestMailLink
    ? { href: full, withBody: true }
    : { href: withSubject, withBody: false };
}
