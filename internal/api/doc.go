// Package api is accord's JSON API under /api/v1 and its OpenAPI 3.1
// description (openapi.json), served beside the pages over the same loaders
// (views) and the same edge.
package api
