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
// wire bytes as sent, building nothing; the count prices the decoding.
func meter(body []byte, wire int) (bodyCost, error) {
	m := jsonx.NewMeter(tokenBudget(wire))
	if _, err := m.Write(body); err != nil {
		return bodyCost{Usage: m.Usage()}, budgetError(err, wire)
	}
	d := jsonx.DepthMeter{Limit: depthBudget(wire)}
	if _, err := d.Write(body); err != nil {
		return bodyCost{Usage: m.Usage(), DepthSum: d.Sum()}, budgetError(err, wire)
	}
	return bodyCost{Usage: m.Usage(), DepthSum: d.Sum()}, nil
}
