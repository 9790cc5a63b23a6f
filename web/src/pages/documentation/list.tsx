import { getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState } from 'react';
import { Dialog } from '../../components/dialog.tsx';
import { RecordForm } from '../../components/records/record-form.tsx';
import { RecordList } from '../../components/records/record-list.tsx';
import { resourceSpec } from '../../components/records/resources.ts';
import { NotFound } from '../not-found.tsx';

const route = getRouteApi('/app/$resource');

/** `/<resource>` (`/assets`, `/software-licenses`, …): one data-driven list for every resource. */
export function ResourceListPage() {
  const { resource } = route.useParams();
  const spec = resourceSpec(resource);
  const navigate = useNavigate();
  const [creating, setCreating] = useState(false);
  if (!spec) return <NotFound />;
  return (
    <>
      <RecordList key={spec.name} spec={spec} onNew={() => setCreating(true)} />
      <Dialog
        opened={creating}
        onClose={() => setCreating(false)}
        title={`New ${spec.singular.toLowerCase()}`}
        size="xl"
      >
        <RecordForm
          spec={spec}
          onCancel={() => setCreating(false)}
          onSaved={(saved) => {
            setCreating(false);
            void navigate({ to: '/$resource/$id', params: { resource: spec.name, id: String(saved.id) } });
          }}
        />
      </Dialog>
    </>
  );
}
