import { Modal } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import type { ReactNode } from 'react';

/**
 * A modal dialog for forms and confirmations. Mantine's ready-made Modal draws its title bar as a
 * <header> (a second banner landmark beside the shell's, which axe refuses) and its close button
 * without a name; composed here with a plain title bar and a labelled close button. Full screen at
 * a phone's width.
 */
export function Dialog({
  opened,
  onClose,
  title,
  size = 'lg',
  children,
}: {
  opened: boolean;
  onClose: () => void;
  title: string;
  size?: string;
  children: ReactNode;
}) {
  const phone = useMediaQuery('(max-width: 40em)') ?? false;
  return (
    <Modal.Root opened={opened} onClose={onClose} size={size} fullScreen={phone} centered>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header role="none">
          <Modal.Title fw={600}>{title}</Modal.Title>
          <Modal.CloseButton aria-label="Close" />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
