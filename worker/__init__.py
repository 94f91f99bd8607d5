"""The worker process: binds the sandboxed workflows to the activities and their real clients."""
