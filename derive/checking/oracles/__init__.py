"""The numeric oracles applied to claims, one module per kind: identities, derivatives, equations."""
