import { Alert } from '@mantine/core';

/** The error message above a form or inside a dialog; nothing while there is none. */
export function ErrorAlert({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <Alert color="red" role="alert" variant="light">
      {message}
    </Alert>
  );
}
