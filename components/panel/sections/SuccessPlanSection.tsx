import { EditorSection } from './EditorSection';

export function SuccessPlanSection() {
  return (
    <EditorSection
      slug="success-plan"
      title="Success plan"
      fields={['successPlan.summary']}
      lists={['goals', 'milestones']}
    />
  );
}
