import { render } from 'preact';

function Options() {
  return (
    <section>
      <h1>Baton</h1>
      <p>Connect Baton to your team's API. Sign-in arrives with the sync issue.</p>
    </section>
  );
}

const root = document.getElementById('app');
if (root) render(<Options />, root);
