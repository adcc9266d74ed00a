import { EditorSection } from './EditorSection';

export function KeyDatesSection() {
  return (
    <EditorSection
      slug="key-dates"
      title="Key dates"
      fields={[
        'keyDates.close',
        'keyDates.contractStart',
        'keyDates.kickoffTarget',
        'keyDates.goLive',
        'keyDates.renewal',
      ]}
    />
  );
}
