import { getRouteApi } from '@tanstack/react-router';
import { RecordView } from '../documentation/detail.tsx';

const route = getRouteApi('/app/tickets/$id');

/** `/tickets/<id>` — the generic record view until the ticket page lands. */
export function TicketPage() {
  const { id } = route.useParams();
  return <RecordView resource="tickets" id={id} />;
}
