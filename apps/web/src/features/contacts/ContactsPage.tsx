// /contacts: the contact list.
import { RecordsPage } from './RecordsPage';

export function ContactsPage() {
  return <RecordsPage key="contact" entity="contact" />;
}
