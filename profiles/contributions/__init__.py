"""What readers send and moderators do: the contribution form, the moderation queue and
its admin, the public changelog. Kept apart from the page reads so either can change alone."""
