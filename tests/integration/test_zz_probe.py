from django.urls import reverse

def test_probe(editor_client, superuser_client, no_commune_client, two_communes_data, commune_a, commune_b):
    s = two_communes_data
    for name, args in [("mon_enfant_school:list", []), ("mon_enfant_school:add", []), ("mon_enfant_school:edit", [s["school_a"].pk])]:
        r = editor_client.get(reverse(name, args=args))
        print(name, r.status_code)
        html = r.content.decode()
        for w in ["Combourg", "Chateaubriand", "0350707D", "Saint-Malo", "chooser", "select"]:
            print("  ", w, html.count(w))
    r = editor_client.get(reverse("mon_enfant_school:add"))
    html = r.content.decode()
    i = html.find('name="commune"')
    print(html[i-1500:i+800])
    r = editor_client.get("/admin/")
    html = r.content.decode()
    print("import url in dash", html.count("/admin/mon-enfant/import-ecoles/"))
    r = no_commune_client.get("/admin/")
    print("import url in dash nocommune", r.status_code, r.content.decode().count("/admin/mon-enfant/import-ecoles/"))
    for n in ["choose", "choose_results"]:
        r = editor_client.get(reverse(f"wagtailsnippetchoosers_mon_enfant_school:{n}"))
        print(n, r.status_code, r.content.decode().count("Chateaubriand"))
    r = editor_client.get(reverse("wagtailsnippetchoosers_mon_enfant_school:chosen", args=[s["school_b"].pk]))
    print("chosen", r.status_code, r.content[:300])
    r = editor_client.get(reverse("wagtailsnippetchoosers_mon_enfant_school:create"))
    print("chooser create", r.status_code)
