// Intentionally empty: starting and exiting a Swift process is what is measured.
