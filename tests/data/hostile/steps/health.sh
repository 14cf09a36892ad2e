#!/bin/sh
# Hostile test catalog: nothing to check.
echo "healthy"
