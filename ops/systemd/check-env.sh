#!/bin/sh
# ExecStartPre of guardian-orchestrator.service: refuses to start the node until the passwords of
# its environment file are set (the file ships them empty) and none is an example value.
status=0
for name in ORCH_DB_PASSWORD ORCH_ADMIN_PASSWORD; do
  eval "value=\${$name:-}"
  case "$value" in
    ''|change-me|changeme|password|secret)
      echo "guardian-orchestrator: set $name in /etc/guardian-orchestrator/guardian-orchestrator.env" >&2
      status=1 ;;
  esac
done
exit $status
