from django.contrib import admin

from portal.models import Article


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "document_number", "published_at", "is_published")
    list_filter = ("kind", "is_published")
    search_fields = ("title", "document_number", "body")
    date_hierarchy = "published_at"
