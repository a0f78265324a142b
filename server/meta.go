package server

import (
	"errors"
	"fmt"
	"strings"

	"github.com/veil-replay/veil/capture"
	"github.com/veil-replay/veil/internal/jsonx"
	"github.com/veil-replay/veil/masking"
)

// recordedUnder is what a page's Meta says about how it was recorded.
type recordedUnder struct {
	RulesVersion, Consent, ConsentSource string
}

// tokenBudget is what a body of wire bytes as sent may cost to decode:
// proportional to its size, so that a small body cannot buy a large tree.
func tokenBudget(wire int) jsonx.Budget {
	n := BaseTokens + TokensPerByte*min(wire, MaxBodyBytes)
	return jsonx.Budget{Tokens: min(n, MaxBatchTokens), Depth: MaxBatchDepth, StringBytes: MaxDecodedBytes}
}

// errTooCostly: the batch is refused with 413.
var errTooCostly = errors.New("batch too costly to decode")

// budgetError explains a *jsonx.BudgetError for a body of wire bytes.
func budgetError(err error, wire int) error {
	return fmt.Errorf("%w: %s for a body of %d bytes sent", errTooCostly, strings.TrimPrefix(err.Error(), "json: "), wire)
}

// meter counts the tokens of a JSON body within the budget of a body of
// wire bytes as sent, building nothing; the usage prices the decoding.
func meter(body []byte, wire int) (jsonx.Usage, error) {
	m := jsonx.NewMeter(tokenBudget(wire))
	if _, err := m.Write(body); err != nil {
		return m.Usage(), budgetError(err, wire)
	}
	return m.Usage(), nil
}

// decodeCost is the memory reserved while a checked body is decoded and
// masked.
func decodeCost(body []byte, u jsonx.Usage) int64 {
	return int64(u.Tokens)*TokenCost + int64(len(body))
}

// parseBatch decodes a checked batch body into events and reads what its
// last Meta says about how it was recorded.
func parseBatch(body []byte) ([]capture.Event, recordedUnder, error) {
	events, err := capture.ParseEvents(body)
	if err != nil {
		return nil, recordedUnder{}, err
	}
	var ru recordedUnder
	for i := range events {
		if m, ok := events[i].Data.(capture.MetaData); ok && (m.RulesVersion != "" || m.Consent != "" || m.ConsentSource != "") {
			ru = recordedUnder{m.RulesVersion, m.Consent, m.ConsentSource}
		}
	}
	// What a page's script put in the Meta is stored only if it is a label
	// (the same check the engine makes, package masking).
	if !masking.ValidRulesVersion(ru.RulesVersion) {
		ru.RulesVersion = ""
	}
	if !masking.ValidConsent(ru.Consent, ru.ConsentSource) {
		ru.Consent, ru.ConsentSource = "", ""
	}
	return events, ru, nil
}
