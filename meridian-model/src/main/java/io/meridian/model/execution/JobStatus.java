package io.meridian.model.execution;

/**
 * Life of one job in the queue.
 * <pre>
 * WAITING ──claim──▶ LEASED ──start──▶ RUNNING ──▶ SUCCEEDED
 *    ▲  ▲               │                 │  └────▶ FAILED (retries spent / non-retryable)
 *    │  └── DELAYED ◀───┴── retry ◀───────┘
 *    └── worker lost (attempt not charged) ... until the delivery cap: DEAD
 * PAUSED: its execution or queue is paused.  CANCELLED: by a user or by fail-fast.
 * </pre>
 */
public enum JobStatus {
    WAITING, DELAYED, PAUSED, LEASED, RUNNING, SUCCEEDED, FAILED, CANCELLED, DEAD;

    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED || this == DEAD;
    }

    public boolean isLeased() {
        return this == LEASED || this == RUNNING;
    }
}
