import { useEffect, useState } from 'preact/hooks';
import type { ContentItem } from '@/lib/handoff/playbook';
import type {
  ContentAnswer,
  ContentQueryMessage,
  ContentSaveAnswer,
  ContentSaveMessage,
} from '@/lib/page-messages';
import { askBackground } from './ask-background';

/** An item as the form holds it: use cases as typed, comma-separated. */
interface Row {
  key: number;
  id: string | null;
  title: string;
  url: string;
  useCases: string;
}

let nextKey = 0;

function rowOf(item: ContentItem): Row {
  return {
    key: nextKey++,
    id: item.id,
    title: item.title,
    url: item.url,
    useCases: item.useCases.join(', '),
  };
}

function slugOf(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize('NFKD')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'content'
  );
}

/** New items get an id from their title, unique in the map; saved ones keep theirs (packets may cite it). */
function itemsOf(rows: Row[]): ContentItem[] {
  const taken = new Set(rows.flatMap((row) => (row.id ? [row.id] : [])));
  return rows.map((row) => {
    let id = row.id;
    if (!id) {
      const base = slugOf(row.title);
      id = base;
      for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
      taken.add(id);
    }
    const useCases = row.useCases
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== '');
    return { id, title: row.title.trim(), url: row.url.trim(), useCases };
  });
}

/** "[2].url" → "Item 3, url". */
function issueText(issue: { path: string; message: string }): string {
  const match = /^\[(\d+)\]\.?(.*)$/.exec(issue.path);
  const where = match ? `Item ${Number(match[1]) + 1}${match[2] ? `, ${match[2]}` : ''}` : issue.path;
  return `${where}: ${issue.message}`;
}

function RowFields({ row, onChange }: { row: Row; onChange: (row: Row) => void }) {
  const id = (field: string) => `content-${row.key}-${field}`;
  return (
    <>
      <label htmlFor={id('title')}>Title</label>
      <input
        id={id('title')}
        required
        value={row.title}
        onInput={(event) => onChange({ ...row, title: event.currentTarget.value })}
      />
      <label htmlFor={id('url')}>Link</label>
      <input
        id={id('url')}
        type="url"
        required
        value={row.url}
        onInput={(event) => onChange({ ...row, url: event.currentTarget.value })}
      />
      <label htmlFor={id('use-cases')}>Use cases it helps with</label>
      <input
        id={id('use-cases')}
        required
        aria-describedby="content-use-cases-hint"
        value={row.useCases}
        onInput={(event) => onChange({ ...row, useCases: event.currentTarget.value })}
      />
    </>
  );
}

/**
 * The playbook's adoption content map, for marketers and admins: which guide, course or webinar the panel
 * suggests for which use case. The API checks it and keeps each save as a new playbook version.
 */
export function ContentEditor() {
  const [rows, setRows] = useState<Row[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [issues, setIssues] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    const query: ContentQueryMessage = { type: 'content:get' };
    askBackground<ContentAnswer>(query)
      .then((answer) => (answer.ok ? setRows(answer.content.map(rowOf)) : setProblem(answer.problem)))
      .catch((error: unknown) => setProblem(`Could not load the content: ${String(error)}`));
  }, []);

  const edit = (next: Row[]) => {
    setRows(next);
    setSaved(false);
  };

  const save = async (event: Event) => {
    event.preventDefault();
    if (!rows) return;
    setProblem(null);
    setIssues([]);
    try {
      const message: ContentSaveMessage = { type: 'content:save', content: itemsOf(rows) };
      const answer = await askBackground<ContentSaveAnswer>(message);
      if (answer.ok) {
        setRows(answer.content.map(rowOf));
        setSaved(true);
      } else {
        setProblem(answer.problem);
        setIssues(answer.issues.map(issueText));
      }
    } catch (error) {
      setProblem(`Could not save: ${String(error)}`);
    }
  };

  return (
    <section aria-labelledby="content-title">
      <h2 id="content-title">Adoption content</h2>
      <p class="hint" id="content-use-cases-hint">
        The panel suggests each item to customers whose packet names one of its use cases (separate them with
        commas; case does not matter).
      </p>
      {rows && (
        <form onSubmit={save}>
          {rows.map((row, index) => (
            <fieldset key={row.key}>
              <legend>{row.title.trim() || `Item ${index + 1}`}</legend>
              <RowFields
                row={row}
                onChange={(changed) => edit(rows.map((other) => (other.key === row.key ? changed : other)))}
              />
              <button type="button" onClick={() => edit(rows.filter((other) => other.key !== row.key))}>
                Remove {row.title.trim() || `item ${index + 1}`}
              </button>
            </fieldset>
          ))}
          <button
            type="button"
            onClick={() => edit([...rows, { key: nextKey++, id: null, title: '', url: '', useCases: '' }])}
          >
            Add content
          </button>
          <button type="submit">Save content</button>
        </form>
      )}
      {saved && <p role="status">Saved: panels suggest it from now on.</p>}
      {problem && (
        <div class="problem" role="alert">
          <p>{problem}</p>
          {issues.length > 0 && (
            <ul>
              {issues.map((issue) => (
                <li key={issue}>{issue}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </section>
  );
}
