package server

import (
	"context"
	"slices"
	"time"

	"github.com/veil-replay/veil/server/settings"
	"github.com/veil-replay/veil/server/store"
)

// Sweep deletes every session that started longer ago than its
// application's retention (35 days for an application without settings,
// and never more: settings.MaxRetentionDays is a hard cap) and audits each
// application's count. Retention counts from a session's start, so that
// batches sent later, by anyone holding its id, cannot keep its first days.
// It returns the number of sessions deleted.
func (s *Server) Sweep(ctx context.Context) (int, error) {
	apps, err := s.st.SessionApps(ctx)
	if err != nil {
		return 0, err
	}
	for _, n := range s.appNames() {
		if !slices.Contains(apps, n) {
			apps = append(apps, n)
		}
	}
	if err := s.auditVisitorDeletes(ctx); err != nil {
		return 0, err
	}
	total := 0
	now := s.opt.Now()
	// Rate-limit buckets of earlier periods (clients hash apart each
	// ClientKeyLifetime) count nothing any more.
	if err := s.st.ForgetTokens(ctx, now.Add(-2*ClientKeyLifetime)); err != nil {
		return 0, err
	}
	for _, name := range apps {
		days := settings.MaxRetentionDays
		if a := s.app(name); a != nil {
			days = min(a.RetentionDays, days)
		}
		cutoff := now.Add(-time.Duration(days) * 24 * time.Hour)
		s.live.expire(name, cutoff)
		n, err := s.st.DeleteIdle(ctx, name, cutoff)
		if err != nil {
			return total, err
		}
		if n > 0 {
			total += n
			if err := s.st.Audit(ctx, store.AuditEntry{Time: now, Actor: "retention", Action: "session.expire", App: name,
				Detail: detail(map[string]any{"deleted": n, "retentionDays": days})}); err != nil {
				return total, err
			}
		}
	}
	return total, nil
}
