package server

import (
	"errors"
	"fmt"
	"strings"

	"github.com/veil-replay/veil/internal/jsonx"
)

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
