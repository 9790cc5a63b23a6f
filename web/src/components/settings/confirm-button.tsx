import { Button, type ButtonProps, Group, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Dialog } from '../dialog.tsx';

/**
 * A destructive action behind a confirmation dialog that says what will happen. `label` names the
 * button for assistive technology when its visible text is short ("Revoke" → "Revoke key: CI").
 */
export function ConfirmButton({
  children,
  label,
  title,
  message,
  confirm,
  onConfirm,
  loading,
  ...button
}: {
  children: ReactNode;
  label: string;
  title: string;
  message: ReactNode;
  confirm: string;
  onConfirm: () => void;
  loading?: boolean;
} & Omit<ButtonProps, 'children'>) {
  const [opened, { open, close }] = useDisclosure(false);
  return (
    <>
      <Button
        size="xs"
        variant="subtle"
        color="red"
        aria-label={label}
        onClick={open}
        loading={loading}
        {...button}
      >
        {children}
      </Button>
      <Dialog opened={opened} onClose={close} title={title}>
        <Stack>
          <Text size="sm">{message}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Cancel
            </Button>
            <Button
              color="red.9"
              onClick={() => {
                close();
                onConfirm();
              }}
            >
              {confirm}
            </Button>
          </Group>
        </Stack>
      </Dialog>
    </>
  );
}
