import { crmHostPatterns } from '@/lib/adapters/hosts';

// Placeholder overlay: marks the page so tests and support can see Baton is running.
// Record detection and the panel come with the overlay issue.
export default defineContentScript({
  matches: crmHostPatterns,
  runAt: 'document_idle',
  main() {
    document.documentElement.dataset.batonActive = 'true';
  },
});
