"""The card domain: identifiers, the one validity rule, and the services that change cards."""
