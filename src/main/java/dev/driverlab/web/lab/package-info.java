/**
 * What the lab page needs beyond the session API: the state at any past step without changing the session (for
 * scrubbing), heap objects with their struct fields (Python Tutor's heap boxes), the scenario a session runs, and
 * a cheap compile check for the editor. Read-only: nothing here changes a session.
 */
package dev.driverlab.web.lab;
