package masking

import "testing"

func TestMaskPersonSegments(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://crm.example/customers/hannelore-quist/accounts", "https://crm.example/customers/***************/accounts"},
		{"https://www.linkedin.example/in/hannelore-quist/", "https://www.linkedin.example/in/***************/"},
		{"/users/jfaraday?tab=repos", "/users/********?tab=repos"},
		{"/Patients/HQ-1984/chart#notes", "/Patients/*******/chart#notes"},
		{"/people/42", "/people/**"},
		{"/u/cressida;v=1/posts", "/u/********;v=1/posts"},
		{"/@jfaraday/posts", "/@********/posts"},
		{"/kunden/hannelore-quist/vertraege", "/kunden/***************/vertraege"},
		{"/usuarios/Cressida", "/usuarios/********"},
		{"/~hquist/", "/~******/"},
		{"/members/%C5%81ucja", "/members/**********"},
		// the site's own words after a person word, and paths naming no one
		{"/users/new", "/users/new"},
		{"/profile/edit", "/profile/edit"},
		{"/people/search?q=x", "/people/search?q=x"},
		{"/blog/how-to-cook-pasta", "/blog/how-to-cook-pasta"},
		{"/shop/users-guide", "/shop/users-guide"},
		{"/users", "/users"},
		{"/@", "/@"},
		// the query and fragment are not the path
		{"/search?in=hannelore", "/search?in=hannelore"},
		{"/docs#users/hannelore", "/docs#users/hannelore"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, _ := maskPersonSegments(c.in, 0)
			if got != c.want {
				t.Errorf("maskPersonSegments(%q) = %q, want %q", c.in, got, c.want)
			}
			if again, n := maskPersonSegments(got, 0); again != got {
				t.Errorf("not idempotent: %q then %q (%d)", got, again, n)
			}
		})
	}
}

func TestMaskProfileHandleRepoOwner(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"https://cdn.jsdelivr.net/gh/jfaraday/theme/a.css", "https://cdn.jsdelivr.net/gh/********/theme/a.css"},
		{"https://fastly.jsdelivr.net/gh/jfaraday/theme@main/b.css", "https://fastly.jsdelivr.net/gh/********/theme@main/b.css"},
		{"https://CDN.jsdelivr.net:443/GH/jfaraday", "https://CDN.jsdelivr.net:443/GH/********"},
		{"https://raw.githubusercontent.com/opemberton/site/main/a.css", "https://raw.githubusercontent.com/**********/site/main/a.css"},
		{"https://rawcdn.githack.com/tblackwood/art/main/bg.png", "https://rawcdn.githack.com/**********/art/main/bg.png"},
		{"https://cdn.statically.io/gh/hquist/site/main/x.css", "https://cdn.statically.io/gh/******/site/main/x.css"},
		// a package's name is no owner; another host's /gh/ is no CDN's
		{"https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/css/bootstrap.min.css", "https://cdn.jsdelivr.net/npm/bootstrap@5.3.0/dist/css/bootstrap.min.css"},
		{"https://cdn.example/gh/theme/a.css", "https://cdn.example/gh/theme/a.css"},
		{"https://xcdn.jsdelivr.net/gh/theme/a.css", "https://xcdn.jsdelivr.net/gh/theme/a.css"},
	} {
		t.Run(c.in, func(t *testing.T) {
			got, _ := maskProfileHandle(c.in)
			if got != c.want {
				t.Errorf("maskProfileHandle(%q) = %q, want %q", c.in, got, c.want)
			}
			if again, n := maskProfileHandle(got); again != got || n != 0 {
				t.Errorf("not idempotent: %q then %q (%d)", got, again, n)
			}
		})
	}
}
