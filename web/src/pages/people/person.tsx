import { getRouteApi } from '@tanstack/react-router';
import { RecordView } from '../documentation/detail.tsx';

const route = getRouteApi('/app/users/$id');

/** `/users/<id>` — the generic record view until the person page lands. */
export function PersonPage() {
  const { id } = route.useParams();
  return <RecordView resource="users" id={id} />;
}
