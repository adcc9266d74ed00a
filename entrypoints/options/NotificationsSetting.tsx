import { useEffect, useState } from 'preact/hooks';

const wanted: { permissions: ['notifications'] } = { permissions: ['notifications'] };

/** Whether Baton may notify this person, and the switch: asking the browser needs their click. */
export function NotificationsSetting() {
  const [allowed, setAllowed] = useState<boolean | null>(null);

  useEffect(() => {
    void browser.permissions.contains(wanted).then(setAllowed);
  }, []);

  const turnOn = async () => {
    setAllowed(await browser.permissions.request(wanted));
  };
  const turnOff = async () => {
    await browser.permissions.remove(wanted);
    setAllowed(false);
  };

  if (allowed === null) return null;
  return (
    <>
      <dt>Notifications</dt>
      <dd>
        {allowed ? 'On: ' : 'Off. '}
        {allowed
          ? 'you hear when a handoff is submitted to you, returned or accepted, and when your SLA clocks are due soon or breached. '
          : 'Turn them on to hear when a handoff needs you without opening the CRM. '}
        <button type="button" onClick={allowed ? turnOff : turnOn}>
          {allowed ? 'Turn off' : 'Turn on'}
        </button>
      </dd>
    </>
  );
}
