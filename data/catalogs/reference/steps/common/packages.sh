# Install the role's packages from the package source (nothing already
# installed is touched). The package table is nw_role_packages in steps/lib.sh.
nw_stage "Installing $NW_ROLE packages"
# shellcheck disable=SC2046 # one word per package
nw_pkg_install $(nw_role_packages "$NW_ROLE")
nw_progress 100
