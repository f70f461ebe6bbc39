// /companies: the company list.
import { RecordsPage } from '../contacts/RecordsPage';

export function CompaniesPage() {
  return <RecordsPage key="company" entity="company" />;
}
