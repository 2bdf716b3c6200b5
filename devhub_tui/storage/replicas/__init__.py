"""Synced replicas of the store: Turso Sync and libSQL embedded replicas."""
